/// Messages shown after a redirect, named by a short code in the query so that no text travels in URLs.
enum Flash {
    static func message(_ code: String?) -> String? {
        switch code {
        case "created": "已保存新记录"
        case "saved": "修改已保存"
        case "listed": "检查记录已保存，不符合项已列入问题清单"
        case "deactivated": "已停用"
        case "reactivated": "已启用"
        case "password": "密码已修改，其他设备上的登录已退出"
        case "loggedout": "您已安全退出"
        case "token-revoked": "令牌已吊销"
        case "merged": "已合并：相关记录已移到保留的企业，本记录停用并指向它"
        case "unmerged": "已撤销合并：移动的记录已移回，本记录已恢复"
        default: nil
        }
    }
}
