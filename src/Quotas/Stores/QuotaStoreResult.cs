namespace Glyphh.Quotas.Stores;

/// <summary>What a store answers to a reservation: the new usage, or the refusal.</summary>
public sealed class QuotaStoreResult
{
    private QuotaStoreResult(IReadOnlyList<QuotaResourceUsage> usage, QuotaDenial? denial)
    {
        Usage = usage;
        Denial = denial;
    }

    /// <summary>The usage after a granted reservation, one entry per charge; empty when refused.</summary>
    public IReadOnlyList<QuotaResourceUsage> Usage { get; }

    /// <summary>The refusal, or <see langword="null"/> when granted.</summary>
    public QuotaDenial? Denial { get; }

    /// <summary>A granted reservation.</summary>
    /// <param name="usage">The usage after it, one entry per charge.</param>
    public static QuotaStoreResult Granted(IReadOnlyList<QuotaResourceUsage> usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return new(usage, null);
    }

    /// <summary>A refused reservation; nothing was added.</summary>
    /// <param name="denial">The first resource that did not fit.</param>
    public static QuotaStoreResult Denied(QuotaDenial denial)
    {
        ArgumentNullException.ThrowIfNull(denial);
        return new([], denial);
    }
}
