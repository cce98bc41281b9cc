namespace Glyphh.Licensing.Internal;

/// <summary>
/// What the license state machine knows between two steps. Immutable: <see cref="LicenseEvaluator"/> returns new facts.
/// Only <see cref="LicenseTime"/> and <see cref="LatestReceipt"/> survive a restart (<see cref="LicenseEvaluator.ToPersisted"/>).
/// </summary>
internal sealed record LicenseFacts
{
    /// <summary>No license time, no receipt, no attempt: a first start.</summary>
    public static readonly LicenseFacts Empty = new();

    /// <summary>License time: the highest of the wall clock and the last license time plus monotonic time elapsed since (the high-water mark).</summary>
    public DateTimeOffset LicenseTime { get; init; } = DateTimeOffset.MinValue;

    /// <summary>The last valid receipt; <see langword="null"/> after a refusal.</summary>
    public LicenseReceipt? LastGood { get; init; }

    /// <summary>The definitive refusal that came after the last valid receipt.</summary>
    public LicenseReceipt? Refusal { get; init; }

    /// <summary>The signed bytes of <see cref="LastGood"/> or <see cref="Refusal"/>, whichever is the latest: what is persisted.</summary>
    public byte[]? LatestReceipt { get; init; }

    /// <summary>Why the last attempt (or the last refusal) did not license the runtime.</summary>
    public string? Failure { get; init; }

    /// <summary>Whether the last call home got no usable answer.</summary>
    public bool LastAttemptFailed { get; init; }

    /// <summary>Whether this process has called home yet.</summary>
    public bool Attempted { get; init; }

    /// <summary>When to call home next (compared with license time).</summary>
    public DateTimeOffset NextValidation { get; init; } = DateTimeOffset.MinValue;
}
