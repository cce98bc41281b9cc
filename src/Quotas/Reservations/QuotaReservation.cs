namespace Glyphh.Quotas;

/// <summary>
/// The outcome of <see cref="IQuotaService.ReserveAsync(string, IEnumerable{QuotaRequest}, CancellationToken)"/> and,
/// when granted, a lease on the reserved amounts. Use it with <c>await using</c>: call <see cref="Commit"/> once the
/// guarded write succeeded; disposing an uncommitted granted reservation releases it, so a failed write leaks nothing.
/// A reservation that is neither committed nor disposed stays counted.
/// </summary>
public sealed class QuotaReservation : IAsyncDisposable
{
    private const int Pending = 0;
    private const int Committed = 1;
    private const int Released = 2;

    private readonly Func<string, IReadOnlyList<QuotaRequest>, CancellationToken, ValueTask>? _release;
    private int _state;

    internal QuotaReservation(
        string @namespace,
        IReadOnlyList<QuotaRequest> requests,
        QuotaDenial? denial,
        Func<string, IReadOnlyList<QuotaRequest>, CancellationToken, ValueTask>? release)
    {
        Namespace = @namespace;
        Requests = requests;
        Denial = denial;
        _release = release;
        _state = denial is null ? Pending : Released;
    }

    /// <summary>The namespace the amounts were reserved in.</summary>
    public string Namespace { get; }

    /// <summary>The amounts asked for, one entry per resource.</summary>
    public IReadOnlyList<QuotaRequest> Requests { get; }

    /// <summary>Whether every amount was reserved.</summary>
    public bool IsGranted => Denial is null;

    /// <summary>Why the reservation was refused, or <see langword="null"/> when it was granted.</summary>
    public QuotaDenial? Denial { get; }

    /// <summary>Keeps the reserved amounts counted; disposing no longer releases them.</summary>
    /// <exception cref="InvalidOperationException">The reservation was refused or already released.</exception>
    public void Commit()
    {
        ThrowIfDenied();
        var previous = Interlocked.CompareExchange(ref _state, Committed, Pending);
        if (previous == Released)
        {
            throw new InvalidOperationException("This quota reservation was already released and can no longer be committed.");
        }
    }

    /// <summary>Throws when the reservation was refused.</summary>
    /// <exception cref="QuotaException">Code <see cref="QuotaErrorCode.QuotaExceeded"/>, carrying <see cref="Denial"/>.</exception>
    public void ThrowIfDenied()
    {
        if (Denial is { } denial)
        {
            throw new QuotaException(denial);
        }
    }

    /// <summary>Releases the reserved amounts now, unless the reservation was committed, refused or already released.</summary>
    /// <param name="cancellationToken">Cancels the release.</param>
    public async ValueTask ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, Released, Pending) != Pending || _release is null)
        {
            return;
        }
        try
        {
            await _release(Namespace, Requests, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Let a later call retry rather than lose the release.
            Volatile.Write(ref _state, Pending);
            throw;
        }
    }

    /// <summary>Releases the reserved amounts unless <see cref="Commit"/> was called.</summary>
    public ValueTask DisposeAsync() => ReleaseAsync(CancellationToken.None);
}
