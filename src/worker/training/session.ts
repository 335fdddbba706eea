import { assertNever } from '../../core/errors.ts';
import { fastModelFactory, type ModelFactory, type Speed } from '../../core/run.ts';
import type { SgdStepper } from '../../core/sgd.ts';
import { ActiveRun } from './activeRun.ts';
import { NoiseFloorMeter } from './noiseFloor.ts';
import { Pacer, SLICE_MILLISECONDS } from './pacer.ts';
import type { ToTraining } from './protocol.ts';
import type { Reply } from './reply.ts';
import { Reporter } from './reporter.ts';

/**
 * The training worker's whole behaviour, without the Worker: it answers each message with replies and
 * trains in `tick`s, through three parts: the run (ActiveRun), the pacer (how much to train and when) and
 * the reporter (what the page receives). Tested in Node; entry.ts only wires it up.
 */
export class TrainingSession {
  private readonly buildModel: ModelFactory;
  private readonly countTensors: () => number | null;
  private active: ActiveRun | null = null;
  private playing = false;
  private readonly pacer = new Pacer();
  private readonly reporter = new Reporter();
  private readonly noiseFloor = new NoiseFloorMeter();

  constructor(buildModel: ModelFactory = fastModelFactory, countTensors: () => number | null = () => null) {
    this.buildModel = buildModel;
    this.countTensors = countTensors;
  }

  /** Whether `tick` has training to do. */
  get wantsTicks(): boolean {
    return this.playing && this.active !== null && !this.active.run.stepper.finished;
  }
  /** Batches per second, or null at full speed. */
  get currentSpeed(): Speed {
    return this.pacer.currentSpeed;
  }
  /** How long until the next batch is due at a limited speed (0 at full speed, or when one is due now). */
  get millisecondsToNextBatch(): number {
    return this.pacer.millisecondsToNextBatch;
  }

  /** Answers one message from the page. Messages of another run are ignored. */
  handle(message: ToTraining, now: number): Reply[] {
    if (message.type === 'start') {
      const { active, replies } = ActiveRun.start(
        message.runId,
        message.settings,
        this.buildModel,
        this.active,
      );
      this.active = active;
      this.playing = false;
      this.pacer.start(message.speed, now);
      this.reporter.reset(active.info.optimum, message.settings.dataset.seed);
      this.noiseFloor.reset({
        model: message.settings.model,
        points: active.run.data.train,
        objective: active.run.objective,
        l2: message.settings.l2,
        optimum: active.info.optimum,
      });
      return [...replies, ...this.flush(true, now)];
    }
    const active = this.active;
    if (active === null || message.runId !== active.runId) return [];
    const stepper = active.run.stepper;
    switch (message.type) {
      case 'play':
        this.playing = !stepper.finished;
        this.pacer.play(now);
        this.reporter.markChanged();
        return this.flush(true, now);
      case 'pause':
        this.playing = false;
        this.reporter.markChanged(true);
        return this.flush(true, now);
      case 'stepBatch':
        this.playing = false;
        this.reporter.recordStep(stepper, stepper.stepBatch());
        this.noiseFloor.observe(stepper);
        this.reporter.markChanged(true);
        return this.flush(true, now);
      case 'stepEpoch':
        this.playing = false;
        // Only the epoch's last iterate reaches the noise-floor views: stepEpoch reports no other.
        this.reporter.recordStep(stepper, stepper.stepEpoch());
        this.noiseFloor.observe(stepper);
        this.reporter.markChanged(true);
        return this.flush(true, now);
      case 'setHyperparameters': {
        const fromEpoch = stepper.setHyperparameters(message.changes);
        if (stepper.finished && this.playing) this.playing = false;
        this.reporter.markChanged();
        const scheduled: Reply = {
          message: {
            type: 'hyperparametersScheduled',
            runId: active.runId,
            fromEpoch,
            changes: message.changes,
          },
          transfer: [],
        };
        return [scheduled, ...this.flush(true, now)];
      }
      case 'setSpeed':
        this.pacer.setSpeed(message.speed);
        return [];
      case 'setInsights':
        if (!this.reporter.insights.setShown(message.shown) || !message.shown) return [];
        this.reporter.markChanged();
        return this.flush(true, now);
      case 'setNoiseFloorViews':
        if (!this.noiseFloor.setViews(message.views) || !this.noiseFloor.shown) return [];
        this.reporter.markChanged();
        return this.flush(true, now);
      case 'frameDone':
        this.reporter.acknowledgeFrame();
        return this.flush(false, now);
      case 'showEpoch':
        return active.showEpoch(message.epoch);
      case 'rewind': {
        active.rewind(message.learningRate);
        this.noiseFloor.restart();
        this.playing = false;
        this.reporter.recordRewind(stepper.epoch);
        const rewound: Reply = {
          message: { type: 'rewound', runId: active.runId, epoch: stepper.epoch },
          transfer: [],
        };
        return [rewound, ...this.flush(true, now)];
      }
      default:
        return assertNever(message);
    }
  }

  /**
   * Trains for one slice (bounded by time, at most `budget` milliseconds, and by the speed) and returns any
   * progress due.
   */
  tick(now: number, clock: () => number, budget = SLICE_MILLISECONDS): Reply[] {
    const active = this.active;
    if (!this.wantsTicks || active === null) return [];
    const stepper = active.run.stepper;
    const sink = this.noiseFloor.sink(this.reporter.samples);
    const { updates, epochs } = this.pacer.train(stepper, now, clock, budget, sink);
    this.reporter.recordSlice(stepper, updates, epochs);
    if (stepper.finished) {
      this.playing = false;
      this.reporter.markChanged(true);
    }
    return this.flush(false, now);
  }

  private flush(force: boolean, now: number): Reply[] {
    const active = this.active;
    if (active === null) return [];
    this.reporter.focusOn(this.noiseFloor.windowCorners(active.run.stepper));
    const replies = this.reporter.flush(force, now, {
      runId: active.runId,
      settings: active.settings,
      stepper: active.run.stepper,
      optimum: active.info.optimum,
      playing: this.playing,
      state: () => active.describeState(this.playing),
      tensors: this.countTensors,
      divergence: () => active.describeDivergence(),
    });
    return replies.map((reply) => this.withNoiseFloor(reply, active.run.stepper));
  }

  /** A progress reply with the noise-floor views' changes added, when any view is shown and changed. */
  private withNoiseFloor(reply: Reply, stepper: SgdStepper): Reply {
    if (reply.message.type !== 'progress') return reply;
    const noiseFloor = this.noiseFloor.describe(stepper);
    if (noiseFloor === null) return reply;
    const transfer =
      noiseFloor.cloud === null ? reply.transfer : [...reply.transfer, noiseFloor.cloud.buffer];
    return { message: { ...reply.message, noiseFloor }, transfer };
  }
}
