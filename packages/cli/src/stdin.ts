/** All of stdin as text (a password piped in, say). Refuses a terminal: nothing is piped. */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new Error(
      "Nothing is piped into stdin: pipe the value in, e.g. printf '%s' \"$VALUE\" | …",
    );
  let text = "";
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) text += chunk.toString("utf8");
  return text;
}
