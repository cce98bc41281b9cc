using System.Buffers.Text;
using System.Text;

namespace Glyphh.Runtime.Api;

/// <summary>Opaque, stable page cursors: the last id of a page, base64url-encoded.</summary>
internal static class Cursor
{
    public static string Encode(string lastId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastId));

    public static bool TryDecode(string cursor, out string lastId)
    {
        lastId = "";
        if (cursor.Length > 256)
        {
            return false;
        }
        try
        {
            lastId = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return Names.IsGlyphId(lastId);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
