import XCTest
import LatentCore
@testable import LatentEval

/// The Fréchet distance: closed forms, sampled Gaussians, identity and shifts, and blur ranking.
final class FrechetDistanceTests: XCTestCase {
    private func stats(_ mean: [Double], _ cov: [[Double]]) throws -> FeatureStatistics {
        try FeatureStatistics(mean: mean, covariance: cov.flatMap { $0 })
    }

    /// 2-D: tr √(S1 S2) = √(tr(S1 S2) + 2 √(det S1 det S2)), with S1, S2 that do not commute.
    func testClosedFormInTwoDimensions() throws {
        let s1: [[Double]] = [[2, 1], [1, 2]], s2: [[Double]] = [[1, 0], [0, 3]]
        let trProduct = s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0] + s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1]
        let dets = (s1[0][0] * s1[1][1] - s1[0][1] * s1[1][0]) * (s2[0][0] * s2[1][1] - s2[0][1] * s2[1][0])
        let cross = (trProduct + 2 * dets.squareRoot()).squareRoot()
        let expected = 9 + 4 + 8 - 2 * cross                      // ||(3, 2)||² + tr S1 + tr S2 - 2 tr √(S1 S2)
        let fd = try FrechetDistance.distance(stats([0, 0], s1), stats([3, -2], s2))
        XCTAssertEqual(fd, expected, accuracy: 1e-10)
        // the commuting shortcut Σ(√λ1 - √λ2)² over sorted eigenvalues would give a different value here
        let naive = 13 + pow(3.0.squareRoot() - 3.0.squareRoot(), 2) + pow(1 - 1, 2)
        XCTAssertGreaterThan(abs(fd - naive), 0.1)
    }

    /// Shared eigenvectors: FD = ||Δμ||² + Σ (√a_i - √b_i)², in a rotated (non-diagonal) basis.
    func testClosedFormWithSharedEigenvectors() throws {
        let (q, a, b) = rotatedPair()
        let fd = try FrechetDistance.distance(stats([0, 0, 0, 0], covariance(q, a)),
                                              stats([1, -1, 0.5, 0], covariance(q, b)))
        XCTAssertEqual(fd, closedForm(a, b, meanTerm: 2.25), accuracy: 1e-9)
    }

    /// 20,000 draws of each Gaussian: the estimate is within 0.1 of the closed form 4.0. The sampling error of
    /// each covariance entry is about √(2/n) ≈ 1% of its scale, and of the squared mean gap tr(S1+S2)/n ≈ 5e-4.
    func testSampledGaussiansMatchTheClosedForm() throws {
        let (q, a, b) = rotatedPair()
        let n = 20_000
        var rng = Rng(seed: 7)
        let x = sample(n, mean: [0, 0, 0, 0], q, a, &rng), y = sample(n, mean: [1, -1, 0.5, 0], q, b, &rng)
        let expected = closedForm(a, b, meanTerm: 2.25)
        XCTAssertEqual(expected, 4.0, accuracy: 1e-12)
        let fd = try FrechetDistance.distance(x, y)
        XCTAssertEqual(fd, expected, accuracy: 0.1)
        // and the same distribution twice scores near 0 (sampling noise only)
        let x2 = sample(n, mean: [0, 0, 0, 0], q, a, &rng)
        XCTAssertLessThan(try FrechetDistance.distance(x, x2), 0.02)
    }

    func testIdenticalSetsScoreZeroAndShiftsScoreTheirSquaredLength() throws {
        var rng = Rng(seed: 3)
        let x = Matrix(rows: 500, cols: 20)
        rng.fillNormal(x.base, count: x.count)
        for r in 0..<x.rows { x[r, 1] = 2 * x[r, 0]; x[r, 3] = 0 }   // a rank-deficient covariance
        XCTAssertLessThan(try FrechetDistance.distance(x, x), 1e-6)
        let shifted = x.copy()
        for r in 0..<x.rows { shifted[r, 0] += 0.5; shifted[r, 5] -= 1 }
        XCTAssertEqual(try FrechetDistance.distance(x, shifted), 1.25, accuracy: 1e-3)
    }

    /// Sharp-edged 8x8 images (1-3 random rectangles): an independent draw from the same distribution scores
    /// lower than a 3x3-box-blurred copy of it, and blurring twice scores worse than once.
    func testBlurredImagesScoreWorse() throws {
        var rng = Rng(seed: 11)
        let reference = rectangles(3000, &rng), other = rectangles(3000, &rng)
        let once = blurred(other), twice = blurred(once)
        let same = try FrechetDistance.distance(reference, other)
        let blur1 = try FrechetDistance.distance(reference, once)
        let blur2 = try FrechetDistance.distance(reference, twice)
        XCTAssertLessThan(same * 3, blur1, "same \(same) blurred \(blur1)")
        XCTAssertLessThan(blur1, blur2, "blurred once \(blur1) twice \(blur2)")
    }

    func testInputErrors() throws {
        XCTAssertThrowsError(try FrechetDistance.distance(Matrix(rows: 5, cols: 3), Matrix(rows: 5, cols: 4)))
        XCTAssertThrowsError(try FeatureStatistics(Matrix(rows: 1, cols: 3)))
        XCTAssertThrowsError(try FeatureStatistics(mean: [0, 0], covariance: [1, 0, 0]))
        XCTAssertThrowsError(try FrechetDistance.distance(stats([0], [[1]]), stats([0, 0], [[1, 0], [0, 1]])))
    }

    // MARK: fixtures

    /// A 4-D rotation (three Givens rotations) and two spectra.
    private func rotatedPair() -> (q: [[Double]], a: [Double], b: [Double]) {
        var q: [[Double]] = (0..<4).map { i in (0..<4).map { $0 == i ? 1 : 0 } }
        for (i, j, angle) in [(0, 1, 0.7), (1, 2, -0.4), (0, 3, 1.1)] {
            let c = cos(angle), s = sin(angle)
            for r in 0..<4 {
                let qi = q[r][i], qj = q[r][j]
                q[r][i] = c * qi - s * qj
                q[r][j] = s * qi + c * qj
            }
        }
        return (q, [4, 1, 0.25, 2], [1, 1, 1, 0.5])
    }

    /// Q·diag(λ)·Qᵀ.
    private func covariance(_ q: [[Double]], _ l: [Double]) -> [[Double]] {
        (0..<4).map { r in (0..<4).map { c in (0..<4).reduce(0.0) { $0 + q[r][$1] * l[$1] * q[c][$1] } } }
    }

    private func closedForm(_ a: [Double], _ b: [Double], meanTerm: Double) -> Double {
        zip(a, b).reduce(meanTerm) { $0 + pow($1.0.squareRoot() - $1.1.squareRoot(), 2) }
    }

    /// n draws of mean + Q·diag(√λ)·z, z standard normal.
    private func sample(_ n: Int, mean: [Double], _ q: [[Double]], _ l: [Double], _ rng: inout Rng) -> Matrix {
        let m = Matrix(rows: n, cols: 4)
        for r in 0..<n {
            let z = (0..<4).map { Double(rng.normal()) * l[$0].squareRoot() }
            for c in 0..<4 { m[r, c] = Float(mean[c] + (0..<4).reduce(0.0) { $0 + q[c][$1] * z[$1] }) }
        }
        return m
    }

    private func rectangles(_ n: Int, _ rng: inout Rng) -> Matrix {
        let m = Matrix(rows: n, cols: 64)
        for r in 0..<n {
            for _ in 0..<(1 + rng.int(below: 3)) {
                let y0 = rng.int(below: 7), x0 = rng.int(below: 7)
                let y1 = y0 + 1 + rng.int(below: 8 - y0), x1 = x0 + 1 + rng.int(below: 8 - x0)
                for y in y0..<min(y1, 8) { for x in x0..<min(x1, 8) { m[r, y * 8 + x] = 1 } }
            }
        }
        return m
    }

    /// 3x3 box blur with the image edge clamped.
    private func blurred(_ images: Matrix) -> Matrix {
        let out = Matrix(rows: images.rows, cols: 64)
        for r in 0..<images.rows { for y in 0..<8 { for x in 0..<8 {
            var s: Float = 0
            for dy in -1...1 { for dx in -1...1 { s += images[r, min(7, max(0, y + dy)) * 8 + min(7, max(0, x + dx))] } }
            out[r, y * 8 + x] = s / 9
        } } }
        return out
    }
}
