using System.Text.Json;
using Glyphh.Runtime.Configuration;
using Microsoft.Net.Http.Headers;

namespace Glyphh.Runtime.Api;

/// <summary>
/// Reads a JSON request body with the runtime's limits: <c>application/json</c> (UTF-8) or a <c>+json</c> media type
/// only (415 otherwise, also when no content type is sent), at most <see cref="RuntimeSettings.MaxRequestBodyBytes"/>
/// (413 otherwise, whether or not Content-Length was sent) and at most <see cref="RuntimeSettings.MaxJsonDepth"/>
/// levels of nesting (400).
/// </summary>
internal static class JsonBody
{
    public static async Task<(JsonDocument? Document, IResult? Error)> ReadAsync(HttpRequest request, RuntimeSettings settings, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, Problems.UnsupportedMediaType(request.ContentType));
        }
        var limit = settings.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
        {
            return (null, Problems.TooLarge(limit));
        }
        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return (null, Problems.TooLarge(limit));
                }
                buffer.Write(chunk, 0, read);
            }
            bytes = buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.TooLarge(limit));
        }
        if (bytes.Length == 0)
        {
            return (null, Problems.Validation("The request needs a JSON body.", ("body", "required")));
        }
        if (Check(bytes, settings.MaxJsonDepth) is { } refused)
        {
            return (null, refused);
        }
        return (JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = settings.MaxJsonDepth }), null);
    }

    /// <summary>
    /// Whether a Content-Type names JSON: <c>application/json</c> or a structured <c>+json</c> subtype (RFC 6839),
    /// with no charset or UTF-8 (RFC 8259 JSON is UTF-8; another declared charset would be misread).
    /// </summary>
    public static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }
        var json = media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase) && media.SubTypeWithoutSuffix.Length > 0 && media.Type.Length > 0);
        if (!json)
        {
            return false;
        }
        var charset = media.Charset;
        return !charset.HasValue
            || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Reads the whole text once, so the answer names what is wrong with it: the nesting limit when the text goes
    /// deeper before any syntax error, otherwise the syntax error with its position (truncated text included).
    /// </summary>
    private static IResult? Check(byte[] bytes, int maxDepth)
    {
        // The reader's own depth limit would stop with the same exception type as a syntax error; count depth here.
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 4096 });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= maxDepth && reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    return TooDeep(maxDepth);
                }
            }
            return null;
        }
        catch (JsonException ex)
        {
            // The scan stops at 4096 levels; anything that deep has long passed the runtime's limit (at most 256).
            if (reader.CurrentDepth >= maxDepth)
            {
                return TooDeep(maxDepth);
            }
            var where = $"line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}";
            return IsPrefixOfJson(bytes)
                ? Problems.Validation($"The JSON ends before it is complete (at {where}).", ("body", $"truncated JSON at {where}"))
                : Problems.Validation($"The body is not valid JSON (at {where}).", ("body", $"invalid JSON at {where}"));
        }
    }

    // Read as a block that more data could follow: no error means the text is fine so far and merely stops early.
    private static bool IsPrefixOfJson(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { MaxDepth = 4096 }));
        try
        {
            while (reader.Read())
            {
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static IResult TooDeep(int maxDepth) =>
        Problems.Validation($"The JSON nests deeper than {maxDepth} levels.", ("body", $"max depth {maxDepth}"));
}
