namespace Glyphh.Quotas.Internal;

/// <summary>The host's answer to "does this namespace exist?", asked by the quota endpoints before anything else.</summary>
internal sealed record QuotaNamespaceCheck(Func<IServiceProvider, string, CancellationToken, ValueTask<bool>> Exists);
