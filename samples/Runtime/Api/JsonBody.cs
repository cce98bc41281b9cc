using System.Text.Json;
using Glyphh.Runtime.Configuration;

namespace Glyphh.Runtime.Api;

/// <summary>
/// Reads a JSON request body with the runtime's limits: at most <see cref="RuntimeSettings.MaxRequestBodyBytes"/>
/// (413 otherwise, whether or not Content-Length was sent) and at most <see cref="RuntimeSettings.MaxJsonDepth"/>
/// levels of nesting (400).
/// </summary>
internal static class JsonBody
{
    public static async Task<(JsonDocument? Document, IResult? Error)> ReadAsync(HttpRequest request, RuntimeSettings settings, CancellationToken cancellationToken)
    {
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) &&
            !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.UnsupportedMediaType());
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
        try
        {
            return (JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = settings.MaxJsonDepth }), null);
        }
        catch (JsonException ex)
        {
            var depth = ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase);
            return (null, Problems.Validation(
                depth ? $"The JSON nests deeper than {settings.MaxJsonDepth} levels." : "The body is not valid JSON.",
                ("body", depth ? $"max depth {settings.MaxJsonDepth}" : $"invalid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}")));
        }
    }
}
