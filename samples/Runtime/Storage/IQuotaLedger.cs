namespace Glyphh.Runtime.Storage;

/// <summary>
/// The store's seam to the quotas: each change is reserved inside the write's transaction, before the row is
/// written. Where the quota store joins the transaction (PostgreSQL) the usage commits or rolls back with the data;
/// otherwise the hold is committed after the data commit and disposing it uncommitted undoes it.
/// </summary>
internal interface IQuotaLedger
{
    /// <summary>Reserves one model at deployment scope; throws when the quota refuses.</summary>
    Task<IQuotaHold> ReserveModelAsync(WriteScope scope, CancellationToken cancellationToken);

    /// <summary>Reserves the change from <paramref name="previous"/> to <paramref name="next"/>, growth and shrink in one call.</summary>
    Task<IQuotaHold> ReserveGlyphAsync(WriteScope scope, string model, UsageAmount previous, UsageAmount next, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="delete"/>, gives back what the deleted glyphs (and a deleted model) used, and commits the
    /// write. In the write's transaction the release comes before the delete, so every write locks the usage rows
    /// before the rows the glyph trigger touches (a delete that locked them the other way round deadlocked with a put).
    /// </summary>
    Task DeleteAndCommitAsync(WriteScope scope, string model, UsageAmount freed, bool modelDeleted, Func<Task> delete, CancellationToken cancellationToken);
}

/// <summary>A reserved change: commit once the data is committed; disposing it uncommitted gives it back.</summary>
internal interface IQuotaHold : IAsyncDisposable
{
    void Commit();
}
