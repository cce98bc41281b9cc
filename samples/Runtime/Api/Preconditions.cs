using Microsoft.Net.Http.Headers;

namespace Glyphh.Runtime.Api;

/// <summary>
/// Strong entity tags (a hash of the JSON representation) and the RFC 9110 conditions <c>If-Match</c> and
/// <c>If-None-Match</c> on writes (412 when false) and reads (304 when the client's copy is current).
/// </summary>
internal static class Preconditions
{
    /// <summary>Null when the write may go ahead against the current tag (null: no such resource), else the 412 answer.</summary>
    public static IResult? CheckWrite(HttpRequest request, string? current)
    {
        var headers = request.GetTypedHeaders();
        if ((Unreadable(request, HeaderNames.IfMatch, headers.IfMatch) ?? Unreadable(request, HeaderNames.IfNoneMatch, headers.IfNoneMatch)) is { } bad)
        {
            return bad;
        }
        var ifMatch = headers.IfMatch;
        if (ifMatch.Count > 0 && !Matches(ifMatch, current))
        {
            return Problems.PreconditionFailed(current is null
                ? "If-Match names a version, but the resource does not exist."
                : "If-Match does not name the current version (its ETag); read it again and retry.");
        }
        var ifNoneMatch = headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0 && Matches(ifNoneMatch, current))
        {
            return Problems.PreconditionFailed("If-None-Match matches the current version: the resource exists.");
        }
        return null;
    }

    /// <summary>A 200 with the representation and its ETag, or a 304 when <c>If-None-Match</c> names the tag (a GET or HEAD).</summary>
    public static IResult Read(HttpContext http, Representation current)
    {
        // Most reads send no condition: skip parsing the header then.
        if (!http.Request.Headers.ContainsKey(HeaderNames.IfNoneMatch))
        {
            return current;
        }
        var ifNoneMatch = http.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Count > 0 && Matches(ifNoneMatch, current.ETag, weak: true))
        {
            http.Response.Headers.ETag = current.ETag;
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return current;
    }

    /// <summary>Whether the request sends any write condition (the handler reads the current version only then).</summary>
    public static bool HasWriteConditions(HttpRequest request) =>
        request.Headers.ContainsKey(HeaderNames.IfMatch) || request.Headers.ContainsKey(HeaderNames.IfNoneMatch);

    // A condition the parser cannot read must not be mistaken for no condition (the write would go ahead).
    private static IResult? Unreadable(HttpRequest request, string header, IList<EntityTagHeaderValue> parsed) =>
        request.Headers.ContainsKey(header) && parsed.Count == 0
            ? Problems.Validation($"{header} must be * or a list of quoted entity tags like \"abc\".", (header, "entity tags"))
            : null;

    // If-Match compares strongly, If-None-Match weakly (RFC 9110 13.1.1, 13.1.2); every tag here is strong.
    private static bool Matches(IList<EntityTagHeaderValue> tags, string? current, bool weak = false)
    {
        if (current is null)
        {
            return false;
        }
        var tag = new EntityTagHeaderValue(current);
        foreach (var candidate in tags)
        {
            if (candidate.Equals(EntityTagHeaderValue.Any) || (weak ? candidate.Compare(tag, useStrongComparison: false) : candidate.Compare(tag, useStrongComparison: true)))
            {
                return true;
            }
        }
        return false;
    }
}
