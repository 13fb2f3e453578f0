import LatentCore
import LatentData
import LatentModels
import LatentScript

/// The output activation chosen from the training data at the first build, the line that says so, and the
/// one warning when the data lie outside what the model's output can produce (OutputActivationChoice.swift).
extension ModelObject {
    /// Sets `config.output` from the range of `data` (the whole data over every rank of a data-parallel run).
    func chooseOutput(_ config: inout ModelConfig, data: Dataset, session: Session) {
        let range = Self.range(of: data, session: session)
        let choice = OutputActivationChoice(kind: config.kind, loss: config.loss, low: range.low, high: range.high)
        config.output = choice.activation
        // sigmoid on data in [0, 1] is what every model did before the choice: said only when it is not that
        outputNote = choice.isUsual ? nil : choice.note
        checkedDataRange = range
    }

    /// At every `train`: prints the chosen output's line once (unless `progress` is off; the usual sigmoid for
    /// data in [0, 1] is not announced, `m.output` shows it), and the first
    /// time this model object trains, warns when the data lie outside the range its output reaches.
    func reportOutput(model: GenerativeModel, data: Dataset, session: Session) {
        if let note = outputNote {
            if session.setting("progress").bool != false { session.print(note) }
            outputNote = nil
        }
        guard !outputWarningGiven else { return }
        outputWarningGiven = true
        let range = checkedDataRange ?? Self.range(of: data, session: session)
        checkedDataRange = range
        if let warning = OutputActivationChoice.rangeWarning(model.config, low: range.low, high: range.high) {
            session.printError("warning: \(warning)")
        }
    }

    /// The smallest and largest value of `data`, over every rank's shard when data-parallel.
    static func range(of data: Dataset, session: Session) -> (low: Float, high: Float) {
        let local = OutputActivationChoice.range(of: data)
        guard let comm = session.communicator else { return local }
        var pair = [Double(local.high), -Double(local.low)]
        comm.allreduceMax(&pair, count: 2)
        return (Float(-pair[1]), Float(pair[0]))
    }
}
