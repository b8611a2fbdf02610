/// Every migration in order. Add new ones at the end.
public enum MigrationList {
    public static let all: [Migration] = [
        Migration001Foundation.migration,
        Migration002Organisations.migration,
        Migration003ImportResults.migration,
        Migration004Calendar.migration,
        Migration005Rules.migration,
        Migration006Plans.migration,
        Migration007Tasks.migration,
        Migration008Batches.migration,
        Migration009AgencyInspections.migration,
        Migration010RateRollup.migration,
        Migration011WorkList.migration,
        Migration012FailedBatchIndex.migration,
        Migration013EnterpriseSearchGrams.migration,
        Migration014WorkflowEvents.migration,
        Migration015SuggestionDuty.migration,
        Migration016NationalPlanEntries.migration,
        Migration017StageCodes.migration,
        Migration018ContractProducts.migration,
        Migration019EnterpriseCodes.migration,
        Migration020RecheckOutcomeCodes.migration,
        Migration021SeverityCodes.migration,
        Migration022DrawCommitments.migration,
        Migration023Enforcement.migration,
        Migration024Licences.migration,
    ]
}
