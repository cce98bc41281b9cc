namespace Glyphh.Runtime.Storage;

/// <summary>A write refused by a quota; carries what the problem+json names.</summary>
internal sealed class QuotaExceededException : Exception
{
    public QuotaExceededException(string scope, string resource, long limit, long usage, long requested, string detail)
        : base(detail)
    {
        Scope = scope;
        Resource = resource;
        Limit = limit;
        Usage = usage;
        Requested = requested;
    }

    public string Scope { get; }

    public string Resource { get; }

    public long Limit { get; }

    public long Usage { get; }

    public long Requested { get; }
}
