import LatentCore
import LatentData
import LatentModels

// The enums whose raw values are words a parameter accepts: `Option<Loss?>("loss", "...")` accepts
// `loss=mse` and reads as `Loss?`, its choices listed from `allCases`.

extension ModelKind: ChoiceArgument {}
extension DecoderKind: ChoiceArgument {}
extension EncoderKind: ChoiceArgument {}
extension Activation: ChoiceArgument {}
extension Loss: ChoiceArgument {}
extension TableOptimizer: ChoiceArgument {}
extension MissingValues: ChoiceArgument {}
