import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recommendInstances, SCALE_IN_HEADROOM } from '../../src/domain/scaling.js';

describe('recommendInstances', () => {
  it('should scale out to the instances the measured load needs at the target utilisation', () => {
    // 2 instances serve 100 req/s at 90 % CPU: one serves 50 / 0.9 × 0.7 = 38.9 req/s at the 70 % target,
    // so 100 req/s need ceil(100 / 38.9) = ceil(2 × 0.9 / 0.7) = 3 instances.
    const advice = recommendInstances({ instances: 2, requestRatePerS: 100, cpuPercent: 90, eventLoopUtilization: 0.5, targetUtilization: 0.7 });

    expect(advice.action).toBe('scale_out');
    expect(advice.recommendedInstances).toBe(3);
    expect(advice.capacityPerInstancePerS).toBeCloseTo(38.89, 1);
    expect(advice.justification).toContain('100.0 req/s');
  });

  it('should take event-loop utilisation as the load when it is higher than CPU', () => {
    const advice = recommendInstances({ instances: 1, requestRatePerS: 40, cpuPercent: 30, eventLoopUtilization: 0.95, targetUtilization: 0.7 });

    expect(advice.utilization).toBe(0.95);
    expect(advice.recommendedInstances).toBe(2);
  });

  it('should scale in with headroom when the load fits in fewer instances', () => {
    // 4 × 0.1 = 0.4 cores of work; at 0.7 × 0.75 = 0.525 per instance one instance carries it.
    const advice = recommendInstances({ instances: 4, requestRatePerS: 20, cpuPercent: 10, eventLoopUtilization: 0.05, targetUtilization: 0.7 });

    expect(advice.action).toBe('scale_in');
    expect(advice.recommendedInstances).toBe(1);
  });

  it('should hold when the load is near the target, in either direction', () => {
    expect(recommendInstances({ instances: 2, requestRatePerS: 80, cpuPercent: 60, eventLoopUtilization: 0.4, targetUtilization: 0.7 }).action).toBe('hold');
    expect(recommendInstances({ instances: 3, requestRatePerS: 80, cpuPercent: 45, eventLoopUtilization: 0.4, targetUtilization: 0.7 }).action).toBe('hold');
  });

  it('should respect the minimum and maximum instance counts', () => {
    expect(
      recommendInstances({ instances: 2, requestRatePerS: 500, cpuPercent: 100, eventLoopUtilization: 1, targetUtilization: 0.5, maxInstances: 3 })
        .recommendedInstances,
    ).toBe(3);
    expect(
      recommendInstances({ instances: 3, requestRatePerS: 0, cpuPercent: 0, eventLoopUtilization: 0, targetUtilization: 0.7, minInstances: 2 })
        .recommendedInstances,
    ).toBe(2);
  });

  it('should report no capacity without load to measure it', () => {
    const advice = recommendInstances({ instances: 1, requestRatePerS: 0, cpuPercent: 1, eventLoopUtilization: 0, targetUtilization: 0.7 });

    expect(advice.capacityPerInstancePerS).toBeNull();
    expect(advice.action).toBe('hold');
  });

  it('should always recommend enough instances to carry the load at the target, and no more than one extra', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0.1, max: 0.95, noNaN: true }),
        (instances, utilization, target) => {
          const advice = recommendInstances({
            instances,
            requestRatePerS: 100,
            cpuPercent: utilization * 100,
            eventLoopUtilization: 0,
            targetUtilization: target,
          });
          const work = instances * utilization;

          if (advice.action !== 'scale_in') expect(advice.recommendedInstances * target).toBeGreaterThanOrEqual(work - 1e-6);
          else expect(advice.recommendedInstances * target * SCALE_IN_HEADROOM).toBeGreaterThanOrEqual(work - 1e-6);
          if (advice.action === 'scale_out') expect((advice.recommendedInstances - 1) * target).toBeLessThan(work);
        },
      ),
    );
  });
});
