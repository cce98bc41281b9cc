using Glyphh.Runtime.Storage;

namespace Glyphh.BareRuntime;

/// <summary>The bare build reserves nothing: every change is allowed and nothing is counted.</summary>
internal sealed class NoQuotaLedger : IQuotaLedger, IQuotaHold
{
    public Task<IQuotaHold> ReserveModelAsync(string model, CancellationToken cancellationToken) => Task.FromResult<IQuotaHold>(this);

    public Task<IQuotaHold> ReserveGlyphAsync(string model, UsageAmount previous, UsageAmount next, CancellationToken cancellationToken) => Task.FromResult<IQuotaHold>(this);

    public Task ReleaseAsync(string model, UsageAmount amount, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReleaseModelAsync(string model, UsageAmount amount, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CancelAsync() => Task.CompletedTask;
}
