/// The objection period (SPEC SC-7, Product Quality Law Art. 15): N calendar days from the day the result was
/// received, the last day included.
public enum ObjectionRules {
    public static func deadline(deliveredOn: Day, rules: RuleSet) -> Day {
        deliveredOn.adding(days: rules.int("objectionDays"))
    }

    public static func withinPeriod(today: Day, deadline: Day) -> Bool { today <= deadline }
}
