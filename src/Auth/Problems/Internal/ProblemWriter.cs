using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Glyphh.Auth.Problems.Internal;

/// <summary>Writes RFC 9457 problem+json with the stable <c>https://glyphh.dev/problems/&lt;code&gt;</c> types.</summary>
internal static class ProblemWriter
{
    public const string ContentType = "application/problem+json";

    public static Task WriteAsync(HttpContext context, int status, string code, string title, string detail, params ReadOnlySpan<(string Name, string? Value)> extensions)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        context.Response.Headers.CacheControl = "no-store";

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "https://glyphh.dev/problems/" + code);
            json.WriteString("title", title);
            json.WriteNumber("status", status);
            json.WriteString("detail", detail);
            foreach (var (name, value) in extensions)
            {
                json.WriteString(name, value);
            }

            json.WriteString("traceId", Activity.Current?.Id ?? context.TraceIdentifier);
            json.WriteEndObject();
        }

        context.Response.ContentLength = buffer.WrittenCount;
        return context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).AsTask();
    }
}
