/// One scope of variables, chained to the scope around it (jlox's Environment).
///
/// The session's globals are the root. A `for` loop's scope holds only its loop variable; a `def`'s
/// scope holds its parameters and everything assigned in its body. Reading a name looks outwards
/// through the chain; assigning updates the nearest scope that has the name, up to the first
/// def or global scope, and otherwise creates it there, so a def never changes a global.
public final class Environment {
    /// What a scope belongs to.
    public enum Kind: Sendable { case global, function, loop }

    /// The variables of this scope.
    public var values: [String: Value] = [:]
    /// The scope around this one (nil for the globals).
    public let parent: Environment?
    /// Global, def or loop.
    public let kind: Kind

    /// A scope inside `parent`.
    public init(kind: Kind, parent: Environment? = nil) {
        self.kind = kind
        self.parent = parent
    }

    /// The value of `name` in this scope or an enclosing one.
    public func lookup(_ name: String) -> Value? {
        var scope: Environment? = self
        while let s = scope {
            if let v = s.values[name] { return v }
            scope = s.parent
        }
        return nil
    }

    /// Binds `name`: in the nearest loop scope that has it, else in the first def or global scope.
    public func assign(_ name: String, _ value: Value) {
        var scope = self
        while scope.kind == .loop, scope.values[name] == nil, let parent = scope.parent { scope = parent }
        scope.values[name] = value
    }

    /// Every name visible from here (for "did you mean").
    public var visibleNames: [String] {
        var names: [String] = []
        var scope: Environment? = self
        while let s = scope { names += s.values.keys; scope = s.parent }
        return names
    }
}
