namespace Glyphh.Quotas.Internal;

internal sealed class DelegateTierCaps(Func<string, string, QuotaLimit> getCap) : IQuotaTierCaps
{
    public QuotaLimit GetCap(string @namespace, string resource) => getCap(@namespace, resource);
}
