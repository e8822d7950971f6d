namespace SecureAgg.Learning.Data;

/// <summary>The data set could not be downloaded, unpacked or verified; nothing that was unpacked is left behind.</summary>
public sealed class DataDownloadException(string message, Exception? inner = null) : Exception(message, inner);
