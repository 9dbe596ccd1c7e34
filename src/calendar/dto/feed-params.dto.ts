import { IsString } from 'class-validator';

/** The secret in a feed's address; its shape is checked by the service, so a bad one is a plain 404. */
export class FeedParams {
  @IsString()
  token: string;
}
