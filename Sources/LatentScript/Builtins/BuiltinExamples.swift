extension CommandRegistry {
    /// The examples on the help pages of the built-in commands. They use the names of the
    /// examples' preamble (`help` says which): `t` a table with an `accuracy` column, `xs` a list of numbers,
    /// `r` a report, `lr` a number.
    func addBuiltinExamples() {
        addExamples([
            "help": ["help train", "help save history"],
            "set": ["set seed 7", "set terminal dumb", "set timings false", "set"],
            "print": ["print r.accuracy (len xs) \"lr {lr:.0e}\"", "print (range 100) all=true"],
            "echo": ["echo \"done\""],
            "vars": ["vars"],
            "del": ["del xs"],
            "range": ["for i in (range 3) { print i }", "print (range 2 10 step=3)"],
            "len": ["print (len xs) (len t)"],
            "min": ["print (min 3 1 2) (min t.accuracy)"],
            "max": ["print (max xs)"],
            "sum": ["print (sum xs)"],
            "mean": ["print (mean t.accuracy)"],
            "round": ["print (round (mean t.accuracy) 3)"],
            "abs": ["print (abs -2)"],
            "log": ["print (log 10)"],
            "exp": ["print (exp 1)"],
            "sqrt": ["print (sqrt 2)"],
            "top": ["print (top xs 2)", "print (top t.accuracy 1 smallest=true)"],
            "sort": ["print (sort xs)", "print (sort xs descending=true order=true)"],
            "table": ["t = table"],
            "append": ["append t lr=lr accuracy=r.accuracy", "append t r"],
            "save history": ["save history \"session.latent\""],
            "history": ["history"],
            "record": ["record \"notes.md\"", "record stop"],
        ])
    }
}
