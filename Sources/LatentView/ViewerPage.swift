import Foundation

/// The files the server may serve, by name: nothing else is reachable.
enum ViewerAssets {
    struct Asset { let type: String; let text: String }
    static let all: [String: Asset] = [
        "viewer.js": Asset(type: "text/javascript; charset=utf-8", text: ViewerAssetText.script),
        "viewer.css": Asset(type: "text/css; charset=utf-8", text: ViewerAssetText.style),
    ]
}

/// The page, served (script and style from /assets) or exported (everything inline).
public enum ViewerPage {
    /// The served page of view `view`; the token travels in the page so its requests carry it.
    static func html(view: Int, token: String) -> String {
        let q = "?token=" + token
        return ViewerAssetText.page
            .replacingOccurrences(of: "<!--STYLE-->", with: "<link rel=\"stylesheet\" href=\"/assets/viewer.css\(q)\">")
            .replacingOccurrences(of: "<!--CONFIG-->", with: "<div id=\"latent-config\" hidden data-view=\"\(view)\" data-token=\"\(token)\"></div>")
            .replacingOccurrences(of: "<!--SCRIPT-->", with: "<script src=\"/assets/viewer.js\(q)\"></script>")
    }

    /// A self-contained page: style and script inline, `metaJSON` and the gzip-compressed `data` (base64)
    /// in script elements the viewer reads; it needs no server and no network.
    public static func offline(metaJSON: String, dataBase64: String) -> String {
        let safeMeta = metaJSON.replacingOccurrences(of: "</", with: "<\\/")   // no "</script>" inside the JSON
        return ViewerAssetText.page
            .replacingOccurrences(of: "<!--STYLE-->", with: "<style>\n\(ViewerAssetText.style)</style>")
            .replacingOccurrences(of: "<!--CONFIG-->", with: "<script type=\"application/json\" id=\"latent-meta\">\(safeMeta)</script>\n"
                                  + "<script type=\"application/octet-stream\" id=\"latent-data\">\(dataBase64)</script>")
            .replacingOccurrences(of: "<!--SCRIPT-->", with: "<script>\n\(ViewerAssetText.script)</script>")
    }
}
