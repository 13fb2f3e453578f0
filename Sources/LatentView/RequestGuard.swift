/// The viewer server's checks on every request, before anything is routed: the per-session token (in
/// the `token` query parameter or the `X-Latent-Token` header, compared in constant time), the Host
/// header (only the address the server listens on: a DNS-rebinding page names its own host) and the
/// Origin header when a browser sends one (only the server's own origin: no other site's page can call it).
public struct RequestGuard: Sendable {
    /// The random token every request must carry.
    public let token: String
    /// Host header values accepted (`127.0.0.1:PORT`, `localhost:PORT`, ...).
    public let hosts: Set<String>

    /// A guard for a server on `port` reachable by the names in `hostNames`.
    public init(token: String, port: Int, hostNames: [String]) {
        self.token = token
        var hosts = Set<String>()
        for name in hostNames { hosts.insert("\(name):\(port)") }
        self.hosts = hosts
    }

    /// Why a request is refused: nil when it may pass. `origin` is the Origin header if sent.
    public func refusal(host: String?, origin: String?, token given: String?) -> (status: Int, reason: String)? {
        guard let host, hosts.contains(host.lowercased()) else {
            return (421, "this server answers only to \(hosts.sorted().joined(separator: " or ")), not to the host '\(host ?? "")'")
        }
        if let origin, !hosts.contains(where: { "http://\($0)" == origin.lowercased() }) {
            return (403, "requests from the origin '\(origin)' are refused; the viewer answers only its own pages")
        }
        guard let given, Self.equalInConstantTime(given, token) else {
            return (403, "a token is required: open the address 'show' printed, which carries it")
        }
        return nil
    }

    /// A new token: 32 hex digits from the system's random source.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let v = generator.next() as UInt32
            let hex = String(v, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }.joined()
    }

    /// Compares without stopping at the first difference, so timing does not tell how much matched.
    static func equalInConstantTime(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
