// Written by scripts/golden-tests from Tests/LatentScriptTests/golden: one test per golden script. Do not edit.
extension GoldenTests {
    static let listed = [
        "assertions",
        "bare_settings",
        "conditionals",
        "exit_status",
        "expression_errors",
        "expression_runtime",
        "expressions",
        "help",
        "history",
        "interpolation",
        "lists",
        "loops",
        "parse_errors",
        "runtime_error",
        "settings",
        "shadowing",
        "source",
        "tables",
        "unknown_command",
        "user_commands",
        "variables",
        "wrong_type",
        "wrong_type_runtime",
    ]

    func test_assertions() throws { try check("assertions") }

    func test_bare_settings() throws { try check("bare_settings") }

    func test_conditionals() throws { try check("conditionals") }

    func test_exit_status() throws { try check("exit_status") }

    func test_expression_errors() throws { try check("expression_errors") }

    func test_expression_runtime() throws { try check("expression_runtime") }

    func test_expressions() throws { try check("expressions") }

    func test_help() throws { try check("help") }

    func test_history() throws { try check("history") }

    func test_interpolation() throws { try check("interpolation") }

    func test_lists() throws { try check("lists") }

    func test_loops() throws { try check("loops") }

    func test_parse_errors() throws { try check("parse_errors") }

    func test_runtime_error() throws { try check("runtime_error") }

    func test_settings() throws { try check("settings") }

    func test_shadowing() throws { try check("shadowing") }

    func test_source() throws { try check("source") }

    func test_tables() throws { try check("tables") }

    func test_unknown_command() throws { try check("unknown_command") }

    func test_user_commands() throws { try check("user_commands") }

    func test_variables() throws { try check("variables") }

    func test_wrong_type() throws { try check("wrong_type") }

    func test_wrong_type_runtime() throws { try check("wrong_type_runtime") }
}
