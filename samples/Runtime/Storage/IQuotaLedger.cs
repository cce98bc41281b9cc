namespace Glyphh.Runtime.Storage;

/// <summary>
/// The store's seam to the quota package: a change is reserved inside the write's transaction, before the
/// row is written, and either committed after the commit or cancelled when the write fails, so a failed
/// write leaves no reservation behind.
/// </summary>
internal interface IQuotaLedger
{
    /// <summary>Reserves one model at deployment scope; throws when the quota refuses.</summary>
    Task<IQuotaHold> ReserveModelAsync(string model, CancellationToken cancellationToken);

    /// <summary>Reserves the growth from <paramref name="previous"/> to <paramref name="next"/> (shrinking is released on commit).</summary>
    Task<IQuotaHold> ReserveGlyphAsync(string model, UsageAmount previous, UsageAmount next, CancellationToken cancellationToken);

    /// <summary>Gives back what deleted glyphs used.</summary>
    Task ReleaseAsync(string model, UsageAmount amount, CancellationToken cancellationToken);

    /// <summary>Gives back a deleted model and everything its glyphs used.</summary>
    Task ReleaseModelAsync(string model, UsageAmount amount, CancellationToken cancellationToken);
}

/// <summary>A reserved change: commit once the data is durable, cancel if the write failed.</summary>
internal interface IQuotaHold
{
    Task CommitAsync(CancellationToken cancellationToken);

    Task CancelAsync();
}
