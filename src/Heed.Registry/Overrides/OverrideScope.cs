namespace Heed.Registry.Overrides;

/// <summary>
/// What an override lets through: the enforcement points of one service or one enforcement point (exactly
/// one of the two), the purposes (each with everything below it), and the subjects (none: every subject).
/// </summary>
public sealed record OverrideScope(string? Service, string? EnforcementPoint, IReadOnlyList<string> Purposes, IReadOnlyList<string> Subjects, bool ReportOnly);
