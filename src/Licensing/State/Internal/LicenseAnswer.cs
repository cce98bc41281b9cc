namespace Glyphh.Licensing.Internal;

/// <summary>How a call home ended, for the log.</summary>
internal enum LicenseAnswerKind
{
    /// <summary>A valid receipt was accepted.</summary>
    Validated,

    /// <summary>A definitive refusal was accepted.</summary>
    Refused,

    /// <summary>No usable answer; the facts keep the last receipt.</summary>
    Failed,
}

/// <summary>The facts after a call home, and what to log and count about it.</summary>
/// <param name="Facts">The new facts.</param>
/// <param name="Kind">How the call ended.</param>
/// <param name="Outcome">The metric outcome (<see cref="ValidationOutcomes"/>).</param>
/// <param name="Detail">Why it failed, for <see cref="LicenseAnswerKind.Failed"/>.</param>
/// <param name="Receipt">The accepted receipt, for <see cref="LicenseAnswerKind.Validated"/> and <see cref="LicenseAnswerKind.Refused"/>.</param>
internal sealed record LicenseAnswer(LicenseFacts Facts, LicenseAnswerKind Kind, string Outcome, string? Detail = null, LicenseReceipt? Receipt = null);

/// <summary>A snapshot with what the shell needs around it.</summary>
/// <param name="Snapshot">What the runtime publishes.</param>
/// <param name="NextWake">How long to sleep before the next step, in license time.</param>
/// <param name="ClockMovedBack">Whether the wall clock is behind license time by more than the tolerance.</param>
/// <param name="Persist">What to save; <see langword="null"/> when there is no license to save state for.</param>
internal sealed record LicenseEvaluation(LicenseSnapshot Snapshot, TimeSpan NextWake, bool ClockMovedBack, PersistedLicenseState? Persist);
