/** How an SMS to a special line's host number names its line: the extension that leads the text. */
import { describe, expect, it } from "vitest";
import { splitExtension } from "./twilio";

describe("splitExtension", () => {
  it.each([
    ["0421 取件码 8841", "0421", "取件码 8841"],
    ["#0421 hello", "0421", "hello"],
    ["0421#hello", "0421", "hello"],
    ["  0421: hello", "0421", "hello"],
    ["0421 : ， hello", "0421", "hello"],
    ["0421，你好", "0421", "你好"],
    ["ext 0421 hello", "0421", "hello"],
    ["ext.0421 hello", "0421", "hello"],
    ["EXT. 0421 hello", "0421", "hello"],
    ["ext  0421 hello", "0421", "hello"],
    ["分机0421 你好", "0421", "你好"],
    ["分机 0421 你好", "0421", "你好"],
    ["0421 hello \n", "0421", "hello"],
    ["0421\nline one\nline two", "0421", "line one\nline two"],
  ])("reads %j as extension %s and its text", (body, extension, text) => {
    expect(splitExtension(body)).toEqual({ extension, text });
  });

  it.each([
    ["no extension", "取件码 8841"],
    ["an extension with nothing after it", "0421"],
    ["an extension followed by spaces only", "0421   "],
    ["five digits", "04211 hello"],
    ["digits that run into the text", "0421hello"],
    ["four digits inside the text", "Order 0421 arrived"],
    ["four digits after a word", "order0421 hi"],
  ])("finds no extension in %s", (_name, body) => {
    expect(splitExtension(body)).toBeNull();
  });
});
