import Hummingbird
import Mustache
import OpenAPIRuntime
import OpenAPIHummingbird
import HummingbirdBcrypt
import Prometheus
public enum PinzhiAppVersion { public static let value = "0.1" }
