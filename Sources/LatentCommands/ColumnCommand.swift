import LatentData

extension CommandRegistry {
    /// `column`: one column of a dataset as a list of numbers, by name or by number.
    func registerColumnCommand() {
        register(Command("column", group: "Data", returns: .list(.number), summary: "One column of a dataset as a list of numbers, by name or number (1 is the first, as in load).",
                         details: "column d \"alcohol\" is d[\"alcohol\"]; column d 3 is the third feature column (the label and ID columns are not features). The values are after the dataset's scaling.",
                         positionals: [Column.data, Column.column],
                         examples: ["print (mean (column d \"px36\")) (max (column d 37))"]) { args, _ in
            let object = try args[Column.data]
            let data = object.dataset
            let column = args.value(Column.column)
            if let k = column.int {
                guard k >= 1 && k <= data.features else {
                    throw args.invalid(Column.column, "is \(k), but dataset '\(data.name)' has feature columns 1 to \(data.features)")
                }
                return .numbers(data.column(k - 1))
            }
            let name = column.string ?? ""
            guard let j = data.featureIndex(named: name) else { throw args.invalid(Column.column, "names no column: \(object.noColumn(name))") }
            return .numbers(data.column(j))
        })
    }
}

/// The parameters of `column`.
private enum Column {
    static let data = Positional<DatasetObject>("data", "the dataset")
    static let column = Positional<Value>("column", .oneOf([.int, .string]), "a column name, or a number from 1")
}
