/// A batch's recheck outcome is stored as its code (RecheckOutcome: upheld, overturned), like the stage (017).
enum Migration020RecheckOutcomeCodes {
    static let migration = Migration(20, "recheck_outcome_codes") { _ in
        [
            "UPDATE batches SET recheck_outcome = 'upheld' WHERE recheck_outcome = '维持原结论'",
            "UPDATE batches SET recheck_outcome = 'overturned' WHERE recheck_outcome = '推翻原结论'",
        ]
    }
}
