import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The product catalogue as a tree: 大类 → 中类 → 产品, with the flags that matter when planning checks.
struct ProductTreeRoutes: Sendable {
    let services: AppServices

    struct TreePage {
        struct Major {
            var name: String
            var count: Int
            var middles: [Middle]
        }
        struct Middle {
            var name: String
            var products: [Leaf]
        }
        struct Leaf {
            var name: String
            var url: String
            var tags: [String]
            var items: Int
        }
        var chrome: PageChrome
        var majors: [Major]
        var total: Int
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/products/tree") { _, context in try await page(context) }
    }

    func page(_ context: AppRequestContext) async throws -> Response {
        let p = try context.require(.product, .read)
        let products = try await services.repository(Product.self).list(ListQuery(sort: "code", limit: 500), as: p).items
        let items = try await services.repository(TestItem.self).choices(as: p)
        let itemCount = Dictionary(grouping: items, by: \.productId).mapValues(\.count)
        let byMajor = Dictionary(grouping: products, by: \.categoryMajor)
        let majors = byMajor.keys.sorted().map { major -> TreePage.Major in
            let group = byMajor[major] ?? []
            let byMiddle = Dictionary(grouping: group, by: \.categoryMiddle)
            return TreePage.Major(name: major, count: group.count, middles: byMiddle.keys.sorted().map { middle in
                TreePage.Middle(name: middle, products: (byMiddle[middle] ?? []).map { product in
                    var tags: [String] = []
                    if product.nationalKey { tags.append("全国重点") }
                    if product.campaignKey { tags.append("20种重点") }
                    if product.licenceManaged { tags.append("许可证") }
                    if product.ccc { tags.append("CCC") }
                    if product.fastTrack { tags.append("快检快处") }
                    return TreePage.Leaf(name: product.name, url: "/products/\(product.id)", tags: tags, items: itemCount[product.id] ?? 0)
                })
            })
        }
        let model = TreePage(chrome: PageChrome(title: "产品目录树", context: context, active: "/products"), majors: majors, total: products.count)
        return try services.views.page(model, "product-tree")
    }
}
