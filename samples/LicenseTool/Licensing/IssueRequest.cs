namespace Glyphh.LicenseTool.Licensing;

/// <summary>What <c>issue</c> was asked to put in the license, already checked.</summary>
internal sealed class IssueRequest
{
    public required string Customer { get; init; }

    public required string Product { get; init; }

    public required string Mode { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public IReadOnlyDictionary<string, long> Limits { get; init; } = new Dictionary<string, long>();

    public IReadOnlyList<string> Features { get; init; } = [];

    public IReadOnlyList<string> Machines { get; init; } = [];

    public string? LicenseId { get; init; }

    public bool CallHome { get; init; }

    public int? RevalidateHours { get; init; }

    public int? GraceDays { get; init; }
}
