/// The yearly limits of 004 §一(三): in one calendar year, across every level of the city, an enterprise is checked
/// at most `yearlyChecksPerEnterprise` times, each check covers at most `tasksPerCheck` tasks, and each task takes
/// at most `batchesPerTask` batches from it; 专项/应急 and 跟踪 checks stand outside (CheckMode.countsTowardYearlyLimits).
/// A check 一次抽查 is one visit: the enterprise's batches sampled on the same day are one check.
public enum YearlyLimits {
    /// The checks of the year so far: the distinct days of the counting checks in that year.
    public static func checks(_ history: [PastCheck], year: Int) -> Int {
        var days = Set<Day>()
        for check in history where check.day.year == year && check.mode.countsTowardYearlyLimits { days.insert(check.day) }
        return days.count
    }

    /// Why the enterprise may not be drawn for one more check this year, or nil (the draw's exclusion (a)).
    public static func checkRefusal(_ history: [PastCheck], year: Int, limit: Int) -> String? {
        let done = checks(history, year: year)
        return done >= limit ? "本年度已被抽查\(done)次，达到每年\(limit)次的上限" : nil
    }

    /// Why a batch may not be sampled on this day: the visit that day already covers the most tasks. `sameDay` are
    /// the tasks of the enterprise's counting batches already sampled that day.
    public static func tasksRefusal(sameDay: Set<Int64>, task: Int64, mode: CheckMode, limit: Int) -> String? {
        guard mode.countsTowardYearlyLimits, !sameDay.contains(task), sameDay.count >= limit else { return nil }
        return "该企业当日的抽查已涉及\(sameDay.count)个任务，每次抽查不得超过\(limit)个任务，请另日抽样"
    }

    /// Why a task may not take one more batch from the enterprise.
    public static func batchesRefusal(existing: Int, mode: CheckMode, limit: Int) -> String? {
        guard mode.countsTowardYearlyLimits, existing >= limit else { return nil }
        return "该任务已从该企业抽取\(existing)个批次，每个任务不得超过\(limit)个批次"
    }
}
