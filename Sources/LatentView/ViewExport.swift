import CZlib
import Foundation

/// `export view`: one HTML file holding the viewer, the points, their labels, thumbnails (images) or
/// feature values (tables), the colour columns and a decoded lattice, gzip-compressed and base64-encoded
/// inside the page; the browser inflates them with its own DecompressionStream. It opens offline.
public struct ViewExport {
    public var description: ViewDescription
    public var points: ViewPoints
    /// 8-bit thumbnails, `count` x `description.image.pixels` bytes (images).
    public var thumbnails: [UInt8]?
    /// Feature values, `count` x `featureNames.count` (tables).
    public var values: [Float]?
    /// Colour columns by name, `count` values each.
    public var columns: [(name: String, values: [Float])]
    /// A decoded lattice drawn over the map when switched on.
    public var lattice: ViewLattice?

    public init(description: ViewDescription, points: ViewPoints, thumbnails: [UInt8]?, values: [Float]?,
                columns: [(name: String, values: [Float])], lattice: ViewLattice?) {
        self.description = description; self.points = points; self.thumbnails = thumbnails; self.values = values
        self.columns = columns; self.lattice = lattice
    }

    /// The page's text.
    public func html() throws -> String {
        var blob: [UInt8] = []
        var parts: [String: [Int]] = [:]
        func add(_ name: String, _ bytes: [UInt8]) {
            while blob.count % 4 != 0 { blob.append(0) }   // typed arrays need aligned offsets
            parts[name] = [blob.count, bytes.count]
            blob.append(contentsOf: bytes)
        }
        add("points", MapBinary.points(points))
        if let thumbnails { add("thumbs", thumbnails) }
        if let values { add("values", MapBinary.floats(values)) }
        for column in columns { add("column:" + column.name, MapBinary.floats(column.values)) }
        var describe = MapBinary.describe(description, view: 0)
        describe["canDecode"] = false
        describe["canEdit"] = false
        describe["editNote"] = "an exported view: looking only (no session behind it)"
        describe["columns"] = columns.map(\.name)
        var meta: [String: Any] = ["describe": describe, "parts": parts]
        if let l = lattice {
            meta["lattice"] = ["side": l.side, "lo": l.lo, "hi": l.hi, "empty": l.empty, "pixels": Data(l.pixels).base64EncodedString()]
        }
        let metaJSON = String(decoding: MapBinary.json(meta), as: UTF8.self)
        let packed = try Self.gzip(blob)
        return ViewerPage.offline(metaJSON: metaJSON, dataBase64: Data(packed).base64EncodedString())
    }

    /// `bytes` as a gzip stream (zlib, level 6).
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ViewRefusal("zlib could not start compressing")
        }
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
        var input = bytes
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = UInt32(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = UInt32(outBuf.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw ViewRefusal("zlib could not compress the view (status \(status))") }
        return Array(out.prefix(Int(stream.total_out)))
    }
}
