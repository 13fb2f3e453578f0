import LatentData
import LatentModels

/// New rows go through the training data's preprocessing before a model places them.
extension ModelObject {
    /// The transform of training data `data`: its affine map from the stored values and the range of its values.
    static func transform(of data: Dataset) -> DataTransform {
        let st = data.featureStats()
        return DataTransform(scale: data.scale, offset: data.offset, low: st.min, high: st.max, featureNames: data.featureNames)
    }

    /// `data` as the model's training data were preprocessed: its stored values under the training data's affine
    /// map (so raw rows, or rows standardised by their own statistics, land where the same rows scaled as the
    /// training rows would). The training data themselves, data of another width (refused later, by the fit),
    /// and models without a recorded transform (older checkpoints) take the data as given. Warns once per dataset
    /// when the rows lie far outside the training range (`DataTransform.rangeWarning`).
    func placing(_ data: DatasetObject, session: Session) throws -> Dataset {
        let dataset = data.dataset
        guard let transform, trainingData !== data, transform.features == dataset.features else { return dataset }
        let mapped = dataset.scale == transform.scale && dataset.offset == transform.offset
            ? dataset : try dataset.replacingValueMap(scale: transform.scale, offset: transform.offset, suffix: "")
        if !rangeWarned.contains(dataset.name) {
            let st = mapped.featureStats()
            if let warning = transform.rangeWarning(low: st.min, high: st.max, dataset: dataset.name) {
                rangeWarned.insert(dataset.name)
                session.printError("warning: " + warning)
            }
        }
        return mapped
    }
}
