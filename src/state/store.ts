import { createContext, createElement, useContext, type ReactNode } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { TrainingTransport } from '../worker/training/client.ts';
import { createCompareSlice, type CompareSlice } from './compareSlice.ts';
import { createConfigSlice, type ConfigSlice } from './configSlice.ts';
import { createDataSlice, type DataSlice } from './dataSlice.ts';
import {
  browserExploreServices,
  createExploreSlice,
  type ExploreServices,
  type ExploreSlice,
} from './exploreSlice.ts';
import {
  browserFinderServices,
  createFinderSlice,
  type FinderServices,
  type FinderSlice,
} from './finderSlice.ts';
import { createInsightsSlice, type InsightsSlice } from './insightsSlice.ts';
import { createNoiseFloorSlice, type NoiseFloorSlice } from './noiseFloorSlice.ts';
import { createLessonSlice, type LessonSlice } from './lessonSlice.ts';
import { createPresetSlice, type PresetSlice } from './presetSlice.ts';
import { createRunSlice, type RunSlice } from './runSlice.ts';
import { createViewSlice, type ViewSlice } from './viewSlice.ts';

/** The whole app state: one store built from typed slices. */
export type AppState = ConfigSlice &
  DataSlice &
  PresetSlice &
  ViewSlice &
  CompareSlice &
  ExploreSlice &
  FinderSlice &
  InsightsSlice &
  NoiseFloorSlice &
  LessonSlice &
  RunSlice;

/** The store type handed around by the provider. */
export type AppStore = StoreApi<AppState>;

/** Creates a fresh store bound to a transport (the worker client in the app, a fake in tests). */
export function createAppStore(
  transport: TrainingTransport,
  services: ExploreServices = browserExploreServices,
  finderServices: FinderServices = browserFinderServices,
): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createConfigSlice(...args),
    ...createDataSlice(...args),
    ...createPresetSlice(...args),
    ...createViewSlice(...args),
    ...createCompareSlice(...args),
    ...createExploreSlice(services)(...args),
    ...createFinderSlice(finderServices)(...args),
    ...createInsightsSlice(transport)(...args),
    ...createNoiseFloorSlice(transport)(...args),
    ...createLessonSlice(...args),
    ...createRunSlice(transport)(...args),
  }));
}

const StoreContext = createContext<AppStore | null>(null);

/** Makes `store` the store of everything below it. */
export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: store }, children);
}

/** The store given by the nearest StoreProvider. */
export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('useAppStore needs a <StoreProvider> above it');
  return store;
}

/** Subscribes to one narrow slice of the state. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}
