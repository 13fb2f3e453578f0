// The domain commands are written against the language's registry, values and session; re-exporting
// it here makes it visible in every file of this module and to the executable.
@_exported import LatentScript
