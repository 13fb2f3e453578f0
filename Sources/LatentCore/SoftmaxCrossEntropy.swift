import Foundation

/// The classification loss: softmax cross-entropy of class logits against target classes, averaged over
/// the batch, L = -(1/B) sum_r log softmax(z_r)[t_r].
public enum SoftmaxCrossEntropy {
    /// Writes dL/dz = (softmax(z) - onehot(t)) / B into `g`; `z` and `g` are (B, classes), `targets` holds
    /// B class numbers in 0 ..< classes. Each row's softmax subtracts the row's largest logit first, so
    /// large logits do not overflow.
    public static func gradient(logits z: Matrix, targets: [Int], into g: Matrix) {
        precondition(g.rows == z.rows && g.cols == z.cols && targets.count == z.rows, "softmax cross-entropy shapes differ")
        let k = z.cols, scale = 1 / Float(z.rows)
        for r in 0..<z.rows {
            let zr = z.row(r), gr = g.row(r)
            var m = zr[0]
            for c in 1..<k { m = max(m, zr[c]) }
            var sum: Float = 0
            for c in 0..<k { gr[c] = exp(zr[c] - m); sum += gr[c] }
            for c in 0..<k { gr[c] *= scale / sum }
            gr[targets[r]] -= scale
        }
    }
}
