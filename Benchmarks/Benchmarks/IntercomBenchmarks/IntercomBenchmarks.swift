import Benchmark

// Each benchmark measures the SDK or the sandbox (the subject) and what the same work costs without it (the
// floor) in the same iteration (the request pairs in alternating rounds) and records the ratio: absolute times on a shared machine are
// noise, the ratios are the result. Servers run in a child process (see ServerProcess).
//
// Names hold no spaces or slashes: package-benchmark writes a benchmark's thresholds to a file named after it
// with those characters replaced, but looks for the file under the name as it is.

/// Every benchmark of this target; the `main` that package-benchmark's plugin generates calls it.
let benchmarks: @Sendable () -> Void = {
    registerFindPairs()
    registerRoutePairs()
    registerCoding()
    registerWalks()
    registerSandboxScaling()
    registerMixedLoad()
}

/// A configuration that measures `metrics`, each with the tolerance `thresholds check` allows it, over a
/// few iterations after `warmup` unmeasured ones. Custom metrics are shown as plain numbers.
func measuring(
    _ metrics: [(BenchmarkMetric, BenchmarkThresholds)],
    iterations: Int,
    warmup: Int = 1,
    maxDuration: Duration = .seconds(1_800)
) -> Benchmark.Configuration {
    var units: [BenchmarkMetric: BenchmarkUnits] = [:]
    for (metric, _) in metrics {
        if case .custom = metric {
            units[metric] = .count
        }
    }
    return Benchmark.Configuration(
        metrics: metrics.map { $0.0 },
        units: units,
        warmupIterations: warmup,
        maxDuration: maxDuration,
        maxIterations: iterations,
        thresholds: Dictionary(metrics, uniquingKeysWith: { first, _ in first })
    )
}

/// A custom metric recorded as a whole number, unscaled.
func customMetric(_ name: String, prefersLarger: Bool) -> BenchmarkMetric {
    .custom(name, polarity: prefersLarger ? .prefersLarger : .prefersSmaller, useScalingFactor: false)
}

/// How far a run's p90 may move from the saved threshold before `thresholds check` reports it.
enum Tolerance {
    /// A ratio of two sides measured together: 15% either way.
    static var ratio: BenchmarkThresholds { BenchmarkThresholds(relative: [.p90: 15.0]) }
    /// A ratio of two servers or two runs far apart, noisier: 25%.
    static var looseRatio: BenchmarkThresholds { BenchmarkThresholds(relative: [.p90: 25.0]) }
    /// An absolute cost or rate (CPU time per request, records per second): 30%.
    static var absolute: BenchmarkThresholds { BenchmarkThresholds(relative: [.p90: 30.0]) }
    /// An allocation count: 5%.
    static var allocations: BenchmarkThresholds { BenchmarkThresholds(relative: [.p90: 5.0]) }
    /// Peak resident memory: 20%.
    static var memory: BenchmarkThresholds { BenchmarkThresholds(relative: [.p90: 20.0]) }
    /// Resident growth during a walk, in KB: 16 MB either way.
    static var growth: BenchmarkThresholds { BenchmarkThresholds(absolute: [.p90: 16_384]) }
    /// Wall-clock time of an iteration, shown for orientation: only a doubling is reported.
    static var wallClock: BenchmarkThresholds { BenchmarkThresholds(relative: [.p90: 100.0]) }
    /// A count that must stay zero, such as errors.
    static var zero: BenchmarkThresholds { BenchmarkThresholds(absolute: [.p90: 0]) }
}
