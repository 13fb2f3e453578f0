import Foundation
import LatentCore
import LatentData
import LatentModels

/// The map `train` makes by default for a gne or gnd model (ModelConfig.makesMap): the neighbour force with
/// `neighbours`' defaults, the spectral start, and a training plan sized to the data.
extension ModelObject {
    /// Before the first step of a map model that has no neighbour force and none was asked for or removed
    /// with `neighbours`: builds the force with `NeighbourSettings()`'s defaults and, for a model still at its
    /// start, the spectral layout (as `neighbours m d` does). Says what it did in `neighbours`' lines.
    func prepareMap(data: DatasetObject, session: Session) throws {
        guard config.makesMap, !neighboursChosen else { return }
        if session.communicator != nil {
            if model == nil {
                session.print("note: under mpirun a \(config.kind.rawValue) model trains by reconstruction alone: the map's neighbour force "
                              + "needs every point; run 'neighbours' in one process, save the model and load it here (docs/scaling.md)")
            }
            neighboursChosen = true
            return
        }
        let model = try build(for: data.dataset, session: session)
        guard let layout = model.asLayoutForce, layout.neighbourTerm == nil, model.history.count == 0 else { return }
        guard data.dataset.count > NeighbourSettings().k else { return }   // too few rows for a graph: reconstruction alone
        neighboursChosen = true
        try CommandRegistry.setNeighbours(NeighbourSettings(), object: self, layout: layout, data: data, layoutEpochs: 0,
                                          session: session)
    }

    /// The options of a `train` call: those given (`epochs`, `batch`, `lr`), else those an earlier call gave
    /// (`trainOptions` keeps batch and lr), else a map's `TrainingPlan` for `rows`, else the fixed defaults
    /// (10 epochs, batch 1024, the optimiser's rate). The plan's learning-rate schedule comes with its rate: an
    /// lr given (now or by an earlier call) trains at that rate throughout, as before maps had a plan.
    func trainingOptions(rows: Int, epochs: Int?, batch: Int?, lr: Double?) -> TrainOptions {
        let plan = config.makesMap ? TrainingPlan(samples: rows) : nil
        var options = TrainOptions(epochs: epochs ?? plan?.epochs ?? 10,
                                   batchSize: batch ?? trainOptions["batch"]?.int ?? plan?.batchSize ?? 1024)
        options.learningRate = (lr ?? trainOptions["lr"]?.number).map { Float($0) }
        if let plan, options.learningRate == nil {
            if (model?.history.count ?? 0) == 0 { options.learningRate = plan.learningRate }
            options.schedule = LearningRateSchedule(finalFraction: plan.finalFraction)
        }
        return options
    }
}
