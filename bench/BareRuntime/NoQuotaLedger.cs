using Glyphh.Runtime.Storage;

namespace Glyphh.BareRuntime;

/// <summary>The bare build reserves nothing: every change is allowed and nothing is counted.</summary>
internal sealed class NoQuotaLedger : IQuotaLedger, IQuotaHold
{
    public Task<IQuotaHold> ReserveModelAsync(WriteScope scope, CancellationToken cancellationToken) => Task.FromResult<IQuotaHold>(this);

    public Task<IQuotaHold> ReserveGlyphAsync(WriteScope scope, string model, UsageAmount previous, UsageAmount next, CancellationToken cancellationToken) => Task.FromResult<IQuotaHold>(this);

    public async Task DeleteAndCommitAsync(WriteScope scope, string model, UsageAmount freed, bool modelDeleted, Func<Task> delete, CancellationToken cancellationToken)
    {
        await delete();
        await scope.Transaction.CommitAsync(cancellationToken);
    }

    public void Commit()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
