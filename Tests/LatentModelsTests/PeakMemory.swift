import Foundation

/// The process's peak resident set so far (getrusage ru_maxrss), in kilobytes: tests that a refusal came
/// before a large allocation assert that it did not grow.
func peakResidentKilobytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}
