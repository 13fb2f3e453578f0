import LatentFiles
extension Interpreter {
    /// Runs a call: a bare name is a variable when one exists (variables may shadow commands),
    /// otherwise the command runs with bound arguments.
    func call(_ call: Call) throws -> Value {
        let registry = session.registry
        if call.arguments.isEmpty, let value = environment.lookup(call.head) { return value }
        if !registry.isHead(call.head) {
            if environment.lookup(call.head) != nil {
                throw error(Interpreter.notACommand(call), at: call.headSpan)
            }
        }
        if call.arguments.isEmpty && !registry.isHead(call.head) {
            let candidates = environment.visibleNames + registry.heads
            throw error("unknown command or variable '\(call.head)'" + Suggestion.didYouMean(call.head, in: candidates),
                        at: call.headSpan)
        }
        let bound: BoundCall
        do {
            bound = try registry.bind(call) { expr, type in try self.evaluate(expr, as: type) }
        } catch let located as LocatedError {
            throw error(located.message, at: located.span)
        }
        if let comm = session.communicator {
            switch bound.command.dataParallel {
            case .everyRank: break
            case .rootOnly: if !comm.isRoot { return .none }
            case .unavailable(let why):
                throw error("'\(bound.command.name)' is not available under mpirun: \(why)", at: call.headSpan)
            }
        }
        do {
            return try bound.command.execute(bound.arguments, session)
        } catch let failure as any ArgumentError {
            let span = failure.argument.flatMap { bound.spans[$0] } ?? call.span
            throw error(failure.description, at: span)
        } catch is Interrupted {
            throw error("'\(bound.command.name)' was interrupted", at: call.span)
        } catch let passThrough as Diagnostic {
            throw passThrough
        } catch let exit as ExitRequest {
            throw exit
        } catch {
            throw self.error(FileError.sentence(error), at: call.span)
        }
    }

    /// The message for `x ...` where `x` is a variable, not a command (`a -1` reads as a call).
    static func notACommand(_ call: Call) -> String {
        var message = "'\(call.head)' is a variable, not a command"
        switch call.arguments.first {
        case .positional(.literal(.number(let v), _))? where v < 0:
            message += "; to subtract write \(call.head) - \(Value.format(-v)) (a space on both sides of '-')"
        case .positional(.unary(.minus, _, .word(let name, _)))?:
            message += "; to subtract write \(call.head) - \(name) (a space on both sides of '-')"
        default: break
        }
        return message
    }
}
