/// Contracts name their product by id (issue 15 item 2): the task assignment and the recheck draw matched the lot's
/// name against the product's name, which a renamed product or a lot written differently silently broke. The
/// existing contracts take the product whose name their lot carries; a lot that names no product stays without one
/// and covers nothing until someone picks it.
enum Migration018ContractProducts {
    static let migration = Migration(18, "contract_products") { d in
        [
            "ALTER TABLE agency_contracts ADD COLUMN product_id \(d.bigint) REFERENCES products(id)",
            "UPDATE agency_contracts SET product_id = (SELECT MIN(p.id) FROM products p WHERE p.name = agency_contracts.name)",
            "CREATE INDEX agency_contracts_product ON agency_contracts (product_id, year)",
            "CREATE INDEX tasks_contract ON tasks (contract_id)",
        ]
    }
}
