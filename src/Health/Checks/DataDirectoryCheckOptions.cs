using System.ComponentModel.DataAnnotations;

namespace Glyphh.Health;

/// <summary>Options of the <c>data_dir</c> check: the directory exists and a probe file can be written, flushed to disk and deleted.</summary>
public sealed class DataDirectoryCheckOptions
{
    /// <summary>The data directory.</summary>
    /// <value>Required.</value>
    [Required]
    public string Path { get; set; } = "";
}
