using System.ComponentModel.DataAnnotations;

namespace Glyphh.Auth;

/// <summary>One accepted API key: its SHA-256 hash and what it grants.</summary>
public sealed class GlyphhApiKeyOptions
{
    /// <summary>Gets or sets the key's name; it becomes the caller's <c>sub</c> and rate-limit partition.</summary>
    /// <value>Required.</value>
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the lowercase or uppercase hex SHA-256 of the key's UTF-8 bytes (e.g. <c>printf %s "$KEY" | sha256sum</c>).</summary>
    /// <value>Required, 64 hex digits.</value>
    [Required]
    [RegularExpression("^[0-9a-fA-F]{64}$", ErrorMessage = "The field Sha256 must be 64 hex digits (the SHA-256 of the key, not the key).")]
    public string Sha256 { get; set; } = "";

    /// <summary>Gets or sets the permissions the key grants: namespace (or <c>*</c>) to verbs (<c>read</c>, <c>write</c>, <c>admin</c>).</summary>
    /// <value>Default empty: the key authenticates but grants no namespace permission.</value>
    public IDictionary<string, IList<string>> Permissions { get; set; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);
}
