#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Darwin)
import Darwin
#endif

// What the packed matrix product (Kernels.swift) reads about the machine at
// start-up: the size of the L2 cache, which its blocks of C follow, and the
// register tile its vector registers suit. Neither changes a bit of a result.

/// The size of a core's L2 cache, read once at start-up, which the packed
/// matrix product cuts its output into blocks for (`ProductTiling`).
///
/// The environment variable `TUTORIAL_L2_CACHE_BYTES` overrides what the
/// machine says: how a test shows that another cache size computes the same
/// bits. Without either, 512 KB (AMD's Zen 3 and 4 have 512 KB and 1 MB).
public enum CacheSize {
    public static let overrideVariable = "TUTORIAL_L2_CACHE_BYTES"
    static let fallback = 512 * 1024

    public static let l2Bytes: Int = {
        if let text = ProcessInfo.processInfo.environment[overrideVariable],
            let bytes = Int(text), bytes > 0
        {
            return bytes
        }
        return machineL2Bytes() ?? fallback
    }()

    /// The L2 size the system reports: on Linux in /sys (a file such as
    /// "512K"), on macOS from sysctl.
    static func machineL2Bytes() -> Int? {
        #if canImport(Darwin)
        var bytes: Int64 = 0
        var size = MemoryLayout<Int64>.size
        guard sysctlbyname("hw.l2cachesize", &bytes, &size, nil, 0) == 0, bytes > 0 else { return nil }
        return Int(bytes)
        #else
        let folder = "/sys/devices/system/cpu/cpu0/cache/"
        for index in 0..<8 {
            func read(_ name: String) -> String? {
                (try? String(contentsOfFile: folder + "index\(index)/" + name, encoding: .utf8))?
                    .split(whereSeparator: \.isWhitespace).first.map(String.init)
            }
            guard read("level") == "2", read("type") != "Instruction", let text = read("size") else { continue }
            return parse(text)
        }
        return nil
        #endif
    }

    /// "512K" → 524288; "1M" → 1048576; "524288" → 524288.
    static func parse(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1024, "M": 1024 * 1024, "G": 1024 * 1024 * 1024]
        if let last = text.last, let unit = units[last] {
            return Int(text.dropLast()).map { $0 * unit }
        }
        return Int(text)
    }
}

/// The register tile of the packed product: 4 rows × 32 columns (two
/// `SIMD16<Float>` a row, eight accumulators) where a core has 32 vector
/// registers of 16 floats (AVX-512), 4 rows × 16 columns (four accumulators)
/// elsewhere. With AVX2 a `SIMD16<Float>` takes two of its sixteen 8-float
/// registers, and the eight accumulators of the wide tile would fill all of
/// them: the compiler spills them to memory at every step of the sum, and
/// the narrow tile is faster. Either tile computes the same chains.
/// It asks the CPU, not the build: the AVX2 build (`TUTORIAL_TARGET_CPU=znver3`)
/// on an AVX-512 machine takes the wide tile too. `TUTORIAL_REGISTER_TILE=wide`
/// or `narrow` overrides the choice, to compare.
public enum RegisterTile {
    public static let wide: Bool = {
        switch ProcessInfo.processInfo.environment["TUTORIAL_REGISTER_TILE"] {
        case "wide": return true
        case "narrow": return false
        default: break
        }
        #if os(Linux) && arch(x86_64)
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return info.split(separator: "\n").first { $0.hasPrefix("flags") }?
            .split(separator: " ").contains("avx512f") ?? false
        #else
        return false
        #endif
    }()
}

/// What one core of this machine can do at most: fused multiply-adds on
/// vector registers, nothing loaded or stored, as `tutorial bench` measures
/// it to put its GFLOP/s in proportion (a fraction of this machine's peak,
/// not of some other machine's).
///
/// Twelve independent chains of `addProduct`, each on a whole register (16
/// floats where the CPU has AVX-512, 8 elsewhere): a multiply-add's result
/// is ready some 4 cycles after it starts and a core starts two a cycle, so
/// fewer than eight chains would measure the latency instead of the rate.
/// Each multiply-add is 2 flops per lane.
public enum PeakRate {
    /// GFLOP/s of one core: the best of `trials` timings of a loop of
    /// `iterations` rounds of the twelve multiply-adds.
    public static func measure(trials: Int = 7, iterations: Int = 10_000_000) -> Double {
        RegisterTile.wide
            ? best(SIMD16<Float>.self, trials: trials, iterations: iterations)
            : best(SIMD8<Float>.self, trials: trials, iterations: iterations)
    }

    static func best<V: SIMD>(_: V.Type, trials: Int, iterations: Int) -> Double
    where V.Scalar == Float {
        var fastest = Double.infinity
        for _ in 0..<max(1, trials) {
            let start = ContinuousClock.now
            let sum = chains(V(repeating: 0.5), V(repeating: 0.999_999), iterations: iterations)
            let elapsed = ContinuousClock.now - start
            // Keeps the loop from being optimised away: the sum is never NaN.
            if sum.isNaN { return 0 }
            fastest = min(fastest, elapsed.seconds)
        }
        let flops = Double(max(1, iterations)) * 12 * Double(V.scalarCount) * 2
        return flops / fastest / 1e9
    }

    @inline(never)
    static func chains<V: SIMD>(_ x: V, _ y: V, iterations: Int) -> Float where V.Scalar == Float {
        var (a0, a1, a2, a3, a4, a5) = (x, x + 1, x + 2, x + 3, x + 4, x + 5)
        var (a6, a7, a8, a9, a10, a11) = (x + 6, x + 7, x + 8, x + 9, x + 10, x + 11)
        for _ in 0..<iterations {
            a0.addProduct(a0, y); a1.addProduct(a1, y); a2.addProduct(a2, y)
            a3.addProduct(a3, y); a4.addProduct(a4, y); a5.addProduct(a5, y)
            a6.addProduct(a6, y); a7.addProduct(a7, y); a8.addProduct(a8, y)
            a9.addProduct(a9, y); a10.addProduct(a10, y); a11.addProduct(a11, y)
        }
        return ((a0 + a1 + a2 + a3) + (a4 + a5 + a6 + a7) + (a8 + a9 + a10 + a11)).sum()
    }
}

extension PeakRate {
    /// GFLOP/s of the packed product `C += A·B` on one core, A m×k and B k×n
    /// in panels (`multiplyAdd(…panels:…)`), the best of `trials`, each of
    /// them products for at least `seconds` (at least one product).
    ///
    /// `copies` copies of B's panels are used in turn. With one, B stays in
    /// the caches from one product to the next; with `copiesToOutgrowCaches`,
    /// together larger than any cache, each product reads B from memory, as
    /// training reads W_h once it outgrows the L2 cache.
    public static func product(
        m: Int, n: Int, k: Int, copies: Int, trials: Int = 5, seconds: Double = 0.02
    ) -> Double {
        let panelCount = panelStorageCount(rows: k, columns: n)
        let a = [Float](repeating: 0.5, count: m * k)
        let panels = [Float](repeating: 0.25, count: panelCount * copies)
        var c = [Float](repeating: 0, count: m * n)
        let flops = 2 * Double(m) * Double(n) * Double(k)
        // The clock is read after a group of products worth some 10 µs, so
        // that reading it costs nothing next to tiny products.
        let group = max(1, Int(1e6 / flops))
        var best = 0.0
        a.withUnsafeBufferPointer { a in
            panels.withUnsafeBufferPointer { panels in
                c.withUnsafeMutableBufferPointer { c in
                    var next = 0
                    for _ in 0..<max(1, trials) {
                        let start = ContinuousClock.now
                        var (done, elapsed) = (0, 0.0)
                        while elapsed < seconds {
                            for _ in 0..<group {
                                multiplyAdd(
                                    c.baseAddress!, a.baseAddress!,
                                    panels: panels.baseAddress! + next * panelCount, m: m, n: n, k: k)
                                next = (next + 1) % copies
                            }
                            done += group
                            elapsed = (ContinuousClock.now - start).seconds
                        }
                        best = max(best, flops * Double(done) / elapsed / 1e9)
                    }
                }
            }
        }
        return best
    }

    /// How many copies of a k×n matrix in panels take 64 MB or more (at least
    /// two): more than the caches of the machines this was measured on.
    public static func copiesToOutgrowCaches(k: Int, n: Int) -> Int {
        let bytes = panelStorageCount(rows: k, columns: n) * MemoryLayout<Float>.size
        return max(2, (64 << 20) / max(1, bytes) + 1)
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`: what the probes above divide by.
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
