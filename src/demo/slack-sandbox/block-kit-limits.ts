/**
 * Slack's limits on what an app posts (text lengths, block and element counts), as block-kit-rules.ts enforces them.
 * Lengths are counted in Unicode code points.
 *
 * Each limit names where Slack publishes it. "sdk" is node-slack-sdk's request types, which copy Slack's reference
 * (github.com/slackapi/node-slack-sdk, packages/types/src/…, read at 4322e14); "docs" is https://docs.slack.dev/reference.
 */
export const Limit = {
  // docs block-kit/blocks: "You can include up to 50 blocks in each message, and 100 blocks in modals or Home tabs".
  messageBlocks: 50,
  // sdk views.ts BaseView.blocks: "Max of 100 blocks".
  viewBlocks: 100,
  // docs methods/chat.postMessage: "Slack will truncate messages containing more than 40,000 characters"; the method
  // lists `msg_too_long` among its errors, which the sandbox answers rather than cut the app's text silently.
  messageText: 40_000,
  // sdk block-kit/composition-objects.ts PlainTextElement/MrkdwnElement.text: "maximum length is 3000 characters".
  textObject: 3000,
  // sdk block-kit/blocks.ts HeaderBlock.text: "Maximum length for the text in this field is 150 characters".
  headerText: 150,
  // sdk block-kit/blocks.ts SectionBlock.text: "maximum length is 3000 characters".
  sectionText: 3000,
  // sdk block-kit/blocks.ts SectionBlock.fields: "Maximum number of items is 10".
  sectionFields: 10,
  // sdk block-kit/blocks.ts SectionBlock.fields: "Maximum length for the text in each item is 2000 characters".
  sectionFieldText: 2000,
  // sdk block-kit/blocks.ts ContextBlock.elements: "Maximum number of items is 10".
  contextElements: 10,
  // sdk block-kit/blocks.ts ActionsBlock.elements: "There is a maximum of 25 elements in each action block".
  actionsElements: 25,
  // sdk block-kit/blocks.ts MarkdownBlock.text: "Limit 12,000 characters max".
  markdownText: 12_000,
  // sdk block-kit/blocks.ts Block.block_id: "Maximum length for this field is 255 characters".
  blockId: 255,
  // sdk block-kit/extensions.ts Actionable.action_id: "Maximum length for this field is 255 characters".
  actionId: 255,
  // sdk block-kit/block-elements.ts Button.text: "Maximum length for the text in this field is 75 characters".
  buttonText: 75,
  // sdk block-kit/block-elements.ts Button.value: "Maximum length for this field is 2000 characters".
  buttonValue: 2000,
  // sdk block-kit/block-elements.ts Button.url: "Maximum length for this field is 3000 characters".
  url: 3000,
  // sdk block-kit/blocks.ts InputBlock.label: "Maximum length for the text in this field is 2000 characters".
  inputLabel: 2000,
  // sdk block-kit/blocks.ts InputBlock.hint: "Maximum length for the `text` in this field is 2000 characters".
  inputHint: 2000,
  // sdk block-kit/extensions.ts Placeholdable.placeholder: "Maximum length for the `text` field … is 150 characters".
  placeholder: 150,
  // sdk block-kit/block-elements.ts PlainTextInput.min_length / max_length: "Maximum value is 3000".
  textInputLength: 3000,
  // sdk block-kit/block-elements.ts StaticSelect.options: "Maximum number of options is 100".
  options: 100,
  // sdk block-kit/block-elements.ts Overflow.options: "An array of up to 5 PlainTextOption".
  overflowOptions: 5,
  // sdk block-kit/composition-objects.ts PlainTextOption.text: "Maximum length for the `text` … is 75 characters".
  optionText: 75,
  // docs block-kit/composition-objects/option-object value: "Maximum length for this field is 150 characters" (the
  // sdk's OptionDescriptor.value still says 75, from before Slack raised it; Slack's reference is what Slack checks).
  optionValue: 150,
  // sdk block-kit/composition-objects.ts Confirm.title: "Maximum length for this field is 100 characters".
  confirmTitle: 100,
  // sdk block-kit/composition-objects.ts Confirm.text: "Maximum length for the `text` in this field is 300 characters".
  confirmText: 300,
  // sdk block-kit/composition-objects.ts Confirm.confirm / deny: "Maximum length for the `text` … is 30 characters".
  confirmButton: 30,
  // sdk views.ts ModalView.title / close / submit: "Maximum length of 24 characters".
  modalTitle: 24,
  // sdk views.ts BaseView.private_metadata: "Maximum length of 3000 characters".
  privateMetadata: 3000,
  // sdk views.ts BaseView.callback_id: "Maximum length of 255 characters" (external_id: the same, docs reference/views).
  callbackId: 255,
} as const;
