using System.ComponentModel.DataAnnotations;

namespace Glyphh.Health;

/// <summary>Options of the <c>disk</c> check: free space of the file system that holds <see cref="Path"/>.</summary>
public sealed class DiskSpaceCheckOptions
{
    /// <summary>A directory on the file system to watch, usually the data directory.</summary>
    /// <value>Required.</value>
    [Required]
    public string Path { get; set; } = "";

    /// <summary>Free bytes below which the check reports degraded.</summary>
    /// <value>Default 1 GiB. Zero or more, and at least <see cref="UnhealthyBelowBytes"/>.</value>
    [Range(0, long.MaxValue)]
    public long DegradedBelowBytes { get; set; } = 1L << 30;

    /// <summary>Free bytes below which the check reports unhealthy.</summary>
    /// <value>Default 256 MiB. Zero or more.</value>
    [Range(0, long.MaxValue)]
    public long UnhealthyBelowBytes { get; set; } = 256L << 20;
}
